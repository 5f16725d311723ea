package io.warden.api.wire;

/**
 * What a {@link Request} asks for, one constant per request record, so that handlers can use an
 * exhaustive {@code switch} (Java 17 has no pattern switch over sealed types). The numbers that
 * travel on the wire stay inside the codec.
 */
public enum Operation {
    CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL,
    DELETE, EXISTS, GET_DATA, SET_DATA, GET_ACL, SET_ACL,
    GET_CHILDREN, GET_CHILDREN2, GET_ALL_CHILDREN_NUMBER, GET_EPHEMERALS,
    SYNC, CHECK, MULTI, MULTI_READ,
    ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES, SET_WATCHES2,
    AUTH, SASL, RECONFIG, WHO_AM_I, CLOSE_SESSION, PING,
    /** An opcode this codec does not know; ZooKeeper answers Unimplemented. */
    UNKNOWN,
    /** A known opcode whose body could not be read; ZooKeeper answers with an error code. */
    MALFORMED
}
