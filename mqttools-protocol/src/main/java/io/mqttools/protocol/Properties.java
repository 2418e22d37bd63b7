package io.mqttools.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable set of MQTT 5 properties, as carried by any packet (and by a will).
 *
 * <p>Integer-typed properties are kept as {@code long} (Four Byte Integers reach 2^32-1), UTF-8 ones
 * as {@link String}, binary ones as {@link Bytes}. User Properties keep their order and duplicates;
 * Subscription Identifiers may repeat (a PUBLISH carries one per matching subscription). Which
 * packet may carry which property is the codec's rule ({@link PropertyId#isAllowedIn}); this class
 * only stores. MQTT 3.1.1 packets carry {@link #EMPTY}.
 */
public final class Properties {
    public static final Properties EMPTY = new Properties(0L, null, null, List.of(), List.of());

    private final long present;
    private final long[] integers;
    private final Object[] objects;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;
    /** {@link #singleValued()}, computed on first use; a benign race may compute it twice. */
    private List<PropertyId> singleValued;

    private Properties(long present, long[] integers, Object[] objects,
                       List<UserProperty> userProperties, List<Integer> subscriptionIdentifiers) {
        this.present = present;
        this.integers = integers;
        this.objects = objects;
        this.userProperties = userProperties;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of these properties. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.present = present;
        if (integers != null) {
            b.integers = integers.clone();
        }
        if (objects != null) {
            b.objects = objects.clone();
        }
        b.userProperties.addAll(userProperties);
        b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        return b;
    }

    public boolean isEmpty() {
        return present == 0 && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty();
    }

    /** True when the property is present (for the repeatable ones: at least once). */
    public boolean has(PropertyId id) {
        return switch (id) {
            case USER_PROPERTY -> !userProperties.isEmpty();
            case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
            default -> (present & (1L << id.id())) != 0;
        };
    }

    /** The value of an integer-typed property, or {@code defaultValue} when absent. */
    public long getInt(PropertyId id, long defaultValue) {
        requireType(id, true);
        return (present & (1L << id.id())) != 0 ? integers[id.id()] : defaultValue;
    }

    /** The value of a UTF-8 string property, or null when absent. */
    public String getString(PropertyId id) {
        if (id.type() != PropertyId.Type.UTF8) {
            throw new IllegalArgumentException(id + " is not a string property");
        }
        return objects == null ? null : (String) objects[id.id()];
    }

    /** The value of a binary property, or null when absent. */
    public Bytes getBytes(PropertyId id) {
        if (id.type() != PropertyId.Type.BINARY) {
            throw new IllegalArgumentException(id + " is not a binary property");
        }
        return objects == null ? null : (Bytes) objects[id.id()];
    }

    /** User properties in wire order. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Subscription identifiers in wire order (at most one outside PUBLISH). */
    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    /**
     * The single-valued properties present, in identifier order, for encoders: Subscription
     * Identifier and User Property are not included (see their own accessors).
     */
    public List<PropertyId> singleValued() {
        List<PropertyId> ids = singleValued;
        if (ids == null) {
            PropertyId[] array = new PropertyId[Long.bitCount(present)];
            int i = 0;
            for (long bits = present; bits != 0; bits &= bits - 1) {
                array[i++] = PropertyId.of(Long.numberOfTrailingZeros(bits));
            }
            ids = List.of(array);
            singleValued = ids;
        }
        return ids;
    }

    /** These properties with one single-valued property set (or replaced). */
    public Properties with(PropertyId id, Object value) {
        return toBuilder().set(id, value).build();
    }

    /** These properties without the given one (all of its values for the repeatable ones). */
    public Properties without(PropertyId id) {
        if (!has(id)) {
            return this;
        }
        return toBuilder().remove(id).build();
    }

    private static void requireType(PropertyId id, boolean integer) {
        if (id.type().isInteger() != integer || id == PropertyId.SUBSCRIPTION_IDENTIFIER) {
            throw new IllegalArgumentException(id + " is not a single-valued integer property");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Properties p) || p.present != present) {
            return false;
        }
        for (long bits = present; bits != 0; bits &= bits - 1) {
            int i = Long.numberOfTrailingZeros(bits);
            PropertyId id = PropertyId.of(i);
            if (id.type().isInteger() ? integers[i] != p.integers[i] : !objects[i].equals(p.objects[i])) {
                return false;
            }
        }
        return userProperties.equals(p.userProperties) && subscriptionIdentifiers.equals(p.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(present);
        for (long bits = present; bits != 0; bits &= bits - 1) {
            int i = Long.numberOfTrailingZeros(bits);
            h = 31 * h + (PropertyId.of(i).type().isInteger() ? Long.hashCode(integers[i]) : objects[i].hashCode());
        }
        return 31 * (31 * h + userProperties.hashCode()) + subscriptionIdentifiers.hashCode();
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        for (PropertyId id : singleValued()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(id).append('=').append(id.type().isInteger() ? integers[id.id()] : objects[id.id()]);
        }
        if (!subscriptionIdentifiers.isEmpty()) {
            sb.append(sb.length() > 1 ? ", " : "").append("SUBSCRIPTION_IDENTIFIER=").append(subscriptionIdentifiers);
        }
        if (!userProperties.isEmpty()) {
            sb.append(sb.length() > 1 ? ", " : "").append("USER_PROPERTY=").append(userProperties);
        }
        return sb.append('}').toString();
    }

    /** Collects properties; not thread-safe. */
    public static final class Builder {
        private long present;
        private long[] integers;
        private Object[] objects;
        private final List<UserProperty> userProperties = new ArrayList<>(0);
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>(0);
        /** The arrays were handed to a built Properties: copy them before the next write. */
        private boolean handedOver;

        private Builder() {
        }

        private void unshare() {
            if (handedOver) {
                integers = integers == null ? null : integers.clone();
                objects = objects == null ? null : objects.clone();
                handedOver = false;
            }
        }

        /** True when a single-valued property is already set (decoders use it to reject duplicates). */
        public boolean has(PropertyId id) {
            return (present & (1L << id.id())) != 0;
        }

        /**
         * Sets a single-valued property: a {@link Number} for integer types, a {@link String} for UTF-8,
         * {@link Bytes} for binary. For Subscription Identifier it adds one; for User Property pass a
         * {@link UserProperty}.
         */
        public Builder set(PropertyId id, Object value) {
            Objects.requireNonNull(value, "value");
            unshare();
            switch (id) {
                case USER_PROPERTY -> userProperties.add((UserProperty) value);
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.add(((Number) value).intValue());
                default -> {
                    switch (id.type()) {
                        case BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE_BYTE -> {
                            if (integers == null) {
                                integers = new long[PropertyId.MAX_ID + 1];
                            }
                            integers[id.id()] = ((Number) value).longValue();
                        }
                        case UTF8 -> objectSlots()[id.id()] = (String) value;
                        case BINARY -> objectSlots()[id.id()] = (Bytes) value;
                        default -> throw new IllegalArgumentException(id.toString());
                    }
                    present |= 1L << id.id();
                }
            }
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder subscriptionIdentifier(int identifier) {
            subscriptionIdentifiers.add(identifier);
            return this;
        }

        public Builder remove(PropertyId id) {
            unshare();
            switch (id) {
                case USER_PROPERTY -> userProperties.clear();
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.clear();
                default -> {
                    present &= ~(1L << id.id());
                    if (objects != null) {
                        objects[id.id()] = null;
                    }
                }
            }
            return this;
        }

        private Object[] objectSlots() {
            if (objects == null) {
                objects = new Object[PropertyId.MAX_ID + 1];
            }
            return objects;
        }

        public Properties build() {
            if (present == 0 && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty()) {
                return EMPTY;
            }
            handedOver = true;
            return new Properties(present, integers, objects,
                    userProperties.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(userProperties)),
                    subscriptionIdentifiers.isEmpty() ? List.of() : List.copyOf(subscriptionIdentifiers));
        }
    }
}
