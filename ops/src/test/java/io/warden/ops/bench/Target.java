package io.warden.ops.bench;

/** A server implementation the side-by-side runner can start and load. */
enum Target {
    /** Apache ZooKeeper standalone, {@code ZooKeeperServerMain}: the reference. */
    ZOOKEEPER("zookeeper"),
    /** Warden standalone, started by its launcher. */
    WARDEN("warden");

    private final String optionName;

    Target(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    static Target fromOptionName(String name) {
        for (Target t : values()) {
            if (t.optionName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + name + "', expected zookeeper or warden");
    }
}
