package io.warden.api.wire;

/**
 * ZooKeeper's opcode numbers (the {@code type} of a request header and of a multi header) and
 * the special xids. The only place they exist: everything outside the codec speaks in records.
 */
final class OpCodes {
    static final int NOTIFICATION = 0;
    static final int CREATE = 1;
    static final int DELETE = 2;
    static final int EXISTS = 3;
    static final int GET_DATA = 4;
    static final int SET_DATA = 5;
    static final int GET_ACL = 6;
    static final int SET_ACL = 7;
    static final int GET_CHILDREN = 8;
    static final int SYNC = 9;
    static final int PING = 11;
    static final int GET_CHILDREN2 = 12;
    static final int CHECK = 13;
    static final int MULTI = 14;
    static final int CREATE2 = 15;
    static final int RECONFIG = 16;
    static final int CHECK_WATCHES = 17;
    static final int REMOVE_WATCHES = 18;
    static final int CREATE_CONTAINER = 19;
    static final int CREATE_TTL = 21;
    static final int MULTI_READ = 22;
    static final int AUTH = 100;
    static final int SET_WATCHES = 101;
    static final int SASL = 102;
    static final int GET_EPHEMERALS = 103;
    static final int GET_ALL_CHILDREN_NUMBER = 104;
    static final int SET_WATCHES2 = 105;
    static final int ADD_WATCH = 106;
    static final int WHO_AM_I = 107;
    static final int CLOSE_SESSION = -11;
    /** Type of an error result inside a multi reply, and of the multi terminator. */
    static final int ERROR = -1;

    private OpCodes() {}

    static int of(Request request) {
        return switch (request.operation()) {
            case CREATE -> CREATE;
            case CREATE2 -> CREATE2;
            case CREATE_CONTAINER -> CREATE_CONTAINER;
            case CREATE_TTL -> CREATE_TTL;
            case DELETE -> DELETE;
            case EXISTS -> EXISTS;
            case GET_DATA -> GET_DATA;
            case SET_DATA -> SET_DATA;
            case GET_ACL -> GET_ACL;
            case SET_ACL -> SET_ACL;
            case GET_CHILDREN -> GET_CHILDREN;
            case GET_CHILDREN2 -> GET_CHILDREN2;
            case GET_ALL_CHILDREN_NUMBER -> GET_ALL_CHILDREN_NUMBER;
            case GET_EPHEMERALS -> GET_EPHEMERALS;
            case SYNC -> SYNC;
            case CHECK -> CHECK;
            case MULTI -> MULTI;
            case MULTI_READ -> MULTI_READ;
            case ADD_WATCH -> ADD_WATCH;
            case REMOVE_WATCHES -> REMOVE_WATCHES;
            case CHECK_WATCHES -> CHECK_WATCHES;
            case SET_WATCHES -> SET_WATCHES;
            case SET_WATCHES2 -> SET_WATCHES2;
            case AUTH -> AUTH;
            case SASL -> SASL;
            case RECONFIG -> RECONFIG;
            case WHO_AM_I -> WHO_AM_I;
            case CLOSE_SESSION -> CLOSE_SESSION;
            case PING -> PING;
            case UNKNOWN -> ((Request.Unknown) request).opCode();
            case MALFORMED -> throw new IllegalArgumentException("a Malformed request cannot be encoded: " + request);
        };
    }
}
