package io.warden.api.client;

/** The client's session as its users see it; published by {@link WardenClient#sessionStates()}. */
public enum SessionState {
    /** Looking for a server; no session yet. */
    CONNECTING,
    /** Connected; requests flow. */
    CONNECTED,
    /** The connection broke; the session may still be alive, requests wait (bounded) for a server. */
    DISCONNECTED,
    /** The ensemble expired the session: terminal; ephemerals and watches are gone. */
    EXPIRED,
    /** The server refused the credentials: terminal. */
    AUTH_FAILED,
    /** {@link WardenClient#close()} was called: terminal. */
    CLOSED;

    public boolean isTerminal() {
        return this == EXPIRED || this == AUTH_FAILED || this == CLOSED;
    }
}
