package io.stickyip.agent.netns.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Run inside a namespace (nsenter) by the lab. {@code server ADDR PORT TAG COUNT}: answers each connection
 * with the peer address it sees and its tag, then exits after COUNT connections (or 60 s).
 * {@code client ADDR PORT BIND|- TIMEOUT_MS}: connects (from BIND if given) and prints the answer.
 */
public final class PeerEcho {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server(args[1], Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
        } else {
            client(args[1], Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
        }
    }

    private static void server(String addr, int port, String tag, int count) throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(addr), port));
            s.setSoTimeout(60_000);
            System.out.println("listening");
            System.out.flush();
            for (int i = 0; i < count; i++) {
                try (Socket c = s.accept();
                        OutputStream out = c.getOutputStream()) {
                    String peer = new inet.ipaddr.IPAddressString(((InetSocketAddress) c.getRemoteSocketAddress())
                                    .getAddress()
                                    .getHostAddress())
                            .getAddress()
                            .toCanonicalString();
                    out.write(("peer=" + peer + " tag=" + tag + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void client(String addr, int port, String bind, int timeoutMs) throws Exception {
        try (Socket c = new Socket()) {
            if (!bind.equals("-")) {
                c.bind(new InetSocketAddress(InetAddress.getByName(bind), 0));
            }
            c.connect(new InetSocketAddress(InetAddress.getByName(addr), port), timeoutMs);
            c.setSoTimeout(timeoutMs);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            System.out.println(in.readLine());
        } catch (java.io.IOException e) {
            System.out.println("failed: " + e);
            System.exit(2);
        }
    }
}
