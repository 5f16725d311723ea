/**
 * Administration: ZooKeeper's four-letter words on the client port.
 *
 * <p>Rules kept here: a word that is not whitelisted is answered with ZooKeeper's refusal line
 * and runs nothing; output formats are ZooKeeper's, line for line, so monitoring scripts that
 * parse them keep working; the formatting is a pure function of a snapshot of the server's
 * state, gathered without stopping the server.
 */
package io.warden.actors.admin;
