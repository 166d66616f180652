package io.stickyip.core.architecture.impure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class ReadsAFile {
    String read(Path path) throws IOException {
        return Files.readString(path);
    }
}
