package io.warden.actors.watch;

import io.warden.api.data.EventType;

/** One watch event to send to one connection. */
public record Delivery<C>(C connection, String path, EventType type) {}
