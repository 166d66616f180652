package io.stickyip.agent.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a jar holds, read from its bytes: the class entries, and the classes that call {@code Runtime.halt} (a
 * {@code Methodref} to {@code java/lang/Runtime.halt} in the class's constant pool, which every call and method
 * reference to it needs; JVMS 4.4).
 */
final class JarScan {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int METHODREF = 10;
    private static final int NAME_AND_TYPE = 12;

    private JarScan() {}

    /** The names of the jar's class entries under {@code prefix} (a path, e.g. {@code io/stickyip/agent/standin/}). */
    static List<String> classesUnder(Path jar, String prefix) {
        List<String> out = new ArrayList<>();
        each(
                jar,
                (name, bytes) -> {
                    if (name.startsWith(prefix) || name.matches("META-INF/versions/\\d+/" + prefix + ".*")) {
                        out.add(name);
                    }
                },
                false);
        return out;
    }

    /** The class entries of the jar whose code calls {@code Runtime.halt}. */
    static List<String> haltCallers(Path jar) {
        List<String> out = new ArrayList<>();
        each(
                jar,
                (name, bytes) -> {
                    if (callsHalt(bytes)) {
                        out.add(name);
                    }
                },
                true);
        return out;
    }

    /** The number of class entries the jar has. */
    static int classes(Path jar) {
        int[] n = {0};
        each(jar, (name, bytes) -> n[0]++, false);
        return n[0];
    }

    private interface Visitor {
        void visit(String name, byte[] bytes) throws IOException;
    }

    private static void each(Path jar, Visitor visitor, boolean read) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".class")) {
                    continue;
                }
                byte[] bytes = read ? file.getInputStream(e).readAllBytes() : null;
                visitor.visit(e.getName(), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + jar, e);
        }
    }

    static boolean callsHalt(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.skipBytes(4); // minor, major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] className = new int[count];
        int[] refClass = new int[count];
        int[] refNameAndType = new int[count];
        int[] natName = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, as the class file has it
                case CLASS -> className[i] = in.readUnsignedShort();
                case METHODREF -> {
                    refClass[i] = in.readUnsignedShort();
                    refNameAndType[i] = in.readUnsignedShort();
                }
                case NAME_AND_TYPE -> {
                    natName[i] = in.readUnsignedShort();
                    in.skipBytes(2);
                }
                case 3, 4, 9, 11, 17, 18 ->
                    in.skipBytes(4); // Integer, Float, Fieldref, InterfaceMethodref, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double: two entries
                    in.skipBytes(8);
                    i++;
                }
                case 8, 16, 19, 20 -> in.skipBytes(2); // String, MethodType, Module, Package
                case 15 -> in.skipBytes(3); // MethodHandle
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        for (int i = 1; i < count; i++) {
            if (refClass[i] != 0
                    && "java/lang/Runtime".equals(utf8[className[refClass[i]]])
                    && "halt".equals(utf8[natName[refNameAndType[i]]])) {
                return true;
            }
        }
        return false;
    }
}
