package io.warden.api.wire;

/** One identity of a session, as whoAmI reports it: the auth scheme and the user in it. */
public record ClientInfo(String authScheme, String user) {}
