/** What the broker counts and how it reports it: counters, snapshots, the $SYS topics and the Prometheus text. No Netty. */
package io.mqttools.broker.metrics;
