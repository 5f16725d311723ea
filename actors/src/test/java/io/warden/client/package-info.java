/**
 * The Warden client ({@code io.warden.api.client}) judged against Apache ZooKeeper and Warden
 * alike, through the compatibility suite's harness: every test runs once per target. The
 * client lives in api/ and knows no server code; its tests live here because this module's test
 * tree is where both servers can be started.
 */
package io.warden.client;
