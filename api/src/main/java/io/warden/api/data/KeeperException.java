package io.warden.api.data;

/**
 * A failed ZooKeeper operation: the result {@link Code} and, where there is one, the path it
 * concerns. The message has ZooKeeper's shape ("KeeperErrorCode = NoNode for /a").
 */
public class KeeperException extends Exception {
    private final Code code;
    private final String path;

    public KeeperException(Code code, String path) {
        super("KeeperErrorCode = " + describe(code) + (path == null ? "" : " for " + path));
        this.code = code;
        this.path = path;
    }

    public Code code() { return code; }

    /** The path the failure concerns, or null. */
    public String path() { return path; }

    /** ZooKeeper's human-readable name for a code, as in its exception messages. */
    public static String describe(Code code) {
        return switch (code) {
            case OK -> "ok";
            case SYSTEM_ERROR -> "SystemError";
            case RUNTIME_INCONSISTENCY -> "RuntimeInconsistency";
            case DATA_INCONSISTENCY -> "DataInconsistency";
            case CONNECTION_LOSS -> "ConnectionLoss";
            case MARSHALLING_ERROR -> "MarshallingError";
            case UNIMPLEMENTED -> "Unimplemented";
            case OPERATION_TIMEOUT -> "OperationTimeout";
            case BAD_ARGUMENTS -> "BadArguments";
            case UNKNOWN_SESSION -> "Unknown session";
            case NEW_CONFIG_NO_QUORUM -> "NewConfigNoQuorum";
            case RECONFIG_IN_PROGRESS -> "ReconfigInProgress";
            case API_ERROR -> "APIError";
            case NO_NODE -> "NoNode";
            case NO_AUTH -> "NoAuth";
            case BAD_VERSION -> "BadVersion";
            case NO_CHILDREN_FOR_EPHEMERALS -> "NoChildrenForEphemerals";
            case NODE_EXISTS -> "NodeExists";
            case NOT_EMPTY -> "Directory not empty";
            case SESSION_EXPIRED -> "Session expired";
            case INVALID_CALLBACK -> "Invalid callback";
            case INVALID_ACL -> "InvalidACL";
            case AUTH_FAILED -> "AuthFailed";
            case SESSION_MOVED -> "Session moved";
            case NOT_READ_ONLY -> "Not a read-only call";
            case EPHEMERAL_ON_LOCAL_SESSION -> "Ephemeral node on local session";
            case NO_WATCHER -> "No such watcher";
            case REQUEST_TIMEOUT -> "Request timeout";
            case RECONFIG_DISABLED -> "Reconfig is disabled";
            case SESSION_CLOSED_REQUIRE_SASL_AUTH -> "Session closed because client failed to authenticate";
            case QUOTA_EXCEEDED -> "Quota has exceeded";
            case THROTTLED_OP -> "Op throttled due to high load";
        };
    }
}
