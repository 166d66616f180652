package io.stickyip.store.watch;

import java.util.List;

/** Told what the holder watch changed in its {@link HolderIndex}. Called on jetcd's threads: must not block. */
public interface HolderListener {

    /** The index was replaced by a fresh listing. */
    void reset();

    /** These events changed the index, in order. */
    void changed(List<HolderEvent> applied);
}
