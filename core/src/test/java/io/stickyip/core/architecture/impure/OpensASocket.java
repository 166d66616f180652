package io.stickyip.core.architecture.impure;

import java.io.IOException;
import java.net.Socket;

public class OpensASocket {
    void connect() throws IOException {
        try (Socket s = new Socket("localhost", 2379)) {
            s.getOutputStream().write(1);
        }
    }
}
