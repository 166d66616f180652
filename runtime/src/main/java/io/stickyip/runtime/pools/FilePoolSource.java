package io.stickyip.runtime.pools;

import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Pools from a YAML file of IPPool documents (standalone mode, no cluster). The file is re-read
 * when its modification time changes, so pools can be edited while the webhook runs.
 */
public final class FilePoolSource implements PoolSource {
    private static final Logger LOG = LoggerFactory.getLogger(FilePoolSource.class);

    private final Path file;
    private final ObjectMapper yaml;
    private volatile List<IPPool> pools = List.of();
    private volatile PoolCatalog catalog = PoolCatalog.empty();
    private volatile FileTime loadedAt;

    public FilePoolSource(Path file, ObjectMapper yaml) {
        this.file = file;
        this.yaml = yaml;
        reload();
    }

    /** Re-reads the file if it changed; keeps the last good pools if the new content is broken. */
    public synchronized void reload() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedAt)) {
                return;
            }
            List<IPPool> read = parse(Files.readString(file));
            pools = List.copyOf(read);
            catalog = PoolCatalog.of(read);
            loadedAt = modified;
            LOG.info(
                    "pools loaded file={} count={} names={}",
                    file,
                    read.size(),
                    read.stream().map(p -> p.getMetadata().getName()).toList());
        } catch (IOException e) {
            if (loadedAt == null) {
                throw new UncheckedIOException("cannot read pools file " + file + ": " + e.getMessage(), e);
            }
            LOG.warn("pools file unreadable, keeping the last good pools file={} error=\"{}\"", file, e.getMessage());
        } catch (RuntimeException e) {
            if (loadedAt == null) {
                throw new IllegalArgumentException(
                        "pools file " + file + " is not a list of IPPool documents: " + e.getMessage(), e);
            }
            LOG.warn("pools file invalid, keeping the last good pools file={} error=\"{}\"", file, e.getMessage());
        }
    }

    private List<IPPool> parse(String text) {
        List<IPPool> out = new ArrayList<>();
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            JsonNode node = yaml.readTree(doc);
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue;
            }
            if (!"IPPool".equals(node.path("kind").asString(""))) {
                throw new IllegalArgumentException(
                        "document of kind '" + node.path("kind").asString("") + "' is not an IPPool");
            }
            out.add(yaml.treeToValue(node, IPPool.class));
        }
        return out;
    }

    @Override
    public PoolCatalog catalog() {
        return catalog;
    }

    @Override
    public List<IPPool> pools() {
        return pools;
    }

    @Override
    public boolean ready() {
        return loadedAt != null;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
