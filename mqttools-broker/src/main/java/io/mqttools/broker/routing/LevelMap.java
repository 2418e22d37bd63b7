package io.mqttools.broker.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The literal children of a {@link TopicNode}, looked up by a region of the topic string so that routing
 * cuts no substring per level: an open-addressing hash table with linear probing of immutable entries.
 *
 * <p>Concurrency: {@link #get} takes no lock; it reads the volatile table and its slots with acquire
 * semantics. Writers synchronise on the map (the root's map is written under several stripes of the tree)
 * and change a slot only from empty or {@link #REMOVED} to an entry, or from an entry to REMOVED, so a
 * reader probing concurrently meets every entry that was there before the change and stops at an empty
 * slot, which always exists because the table is never more than half used. A resize builds a new table
 * and publishes it; readers still on the old one see it as it was.
 */
final class LevelMap {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final Entry REMOVED = new Entry("", 0, null);
    private static final int MIN_CAPACITY = 4;

    private volatile Entry[] table;
    private volatile int size;
    private int used; // entries plus REMOVED slots, guarded by this

    private record Entry(String level, int hash, TopicNode node) {
    }

    /** The child for the level {@code topic[start, end)}, or null. */
    TopicNode get(String topic, int start, int end) {
        Entry[] t = table;
        if (t == null) {
            return null;
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + topic.charAt(i); // String.hashCode of the region, without making the String
        }
        int length = end - start;
        int mask = t.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e == null) {
                return null;
            }
            if (e.hash == h && e != REMOVED && e.level.length() == length
                    && e.level.regionMatches(0, topic, start, length)) {
                return e.node;
            }
        }
    }

    TopicNode get(String level) {
        return get(level, 0, level.length());
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds a child for a level that has none. */
    synchronized void put(String level, TopicNode node) {
        if (get(level) != null) {
            throw new IllegalStateException("level already present: " + level);
        }
        int capacity = table == null ? 0 : table.length;
        if ((used + 1) * 2 > capacity) {
            rebuild(size + 1);
        }
        Entry[] t = table;
        int h = level.hashCode();
        int mask = t.length - 1;
        int i = spread(h) & mask;
        while (t[i] != null && t[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (t[i] == null) {
            used++;
        } // else reuse the REMOVED slot: churn on one level must not lengthen its probe chain
        SLOT.setRelease(t, i, new Entry(level, h, node));
        size = size + 1;
    }

    /** Slots holding an entry or a REMOVED mark, for tests. */
    synchronized int usedSlots() {
        return used;
    }

    /** Removes the level's child, if any; shrinks or drops the table as children go. */
    synchronized void remove(String level) {
        Entry[] t = table;
        if (t == null) {
            return;
        }
        int h = level.hashCode();
        int mask = t.length - 1;
        for (int i = spread(h) & mask; t[i] != null; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e != REMOVED && e.hash == h && e.level.equals(level)) {
                SLOT.setRelease(t, i, REMOVED);
                size = size - 1;
                if (size == 0) {
                    table = null;
                    used = 0;
                } else if (size * 8 < t.length && t.length > MIN_CAPACITY) {
                    rebuild(size);
                }
                return;
            }
        }
    }

    /** Publishes a fresh table, without REMOVED slots, sized for {@code entries} at most half full. */
    private void rebuild(int entries) {
        int capacity = MIN_CAPACITY;
        while (entries * 2 > capacity) {
            capacity <<= 1;
        }
        Entry[] fresh = new Entry[capacity];
        Entry[] old = table;
        if (old != null) {
            int mask = capacity - 1;
            for (Entry e : old) {
                if (e != null && e != REMOVED) {
                    int i = spread(e.hash) & mask;
                    while (fresh[i] != null) {
                        i = (i + 1) & mask;
                    }
                    fresh[i] = e;
                }
            }
        }
        used = size;
        table = fresh; // the volatile write publishes the filled array
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
