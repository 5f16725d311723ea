package io.warden.ops.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What each load-generator request does. */
enum Workload {
    /** getData of one of the session's pre-created znodes, without a watch. */
    GET_DATA("getData"),
    /** setData (any version) of one of the session's pre-created znodes. */
    SET_DATA("setData"),
    /**
     * create of an ephemeral sequential znode under the session's own parent. Ephemeral so
     * the nodes vanish with the session instead of piling up in the server between runs.
     */
    CREATE("create"),
    /** getData or setData, chosen per request with the configured read percentage. */
    MIXED("mixed");

    private final String optionName;

    Workload(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    static Workload fromOptionName(String name) {
        for (Workload w : values()) {
            if (w.optionName.equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown op '" + name + "', expected one of "
                + Arrays.stream(values()).map(Workload::optionName).collect(Collectors.joining("|")));
    }
}
