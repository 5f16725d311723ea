/**
 * ZooKeeper's data model, shared by the client and the server: paths and their validation,
 * {@link io.warden.api.data.Stat}, {@link io.warden.api.data.CreateMode}, ACLs, error codes,
 * watch event types and keeper states.
 *
 * <p>Rules kept here: every type is an immutable value; numeric codes are ZooKeeper's own
 * (they cross the wire) and each enum maps both ways without a default case; nothing in this
 * package knows about the server, actors or I/O.
 */
package io.warden.api.data;
