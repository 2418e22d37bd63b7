/** The disk-backed stores (RocksDB): durable sessions, subscriptions, queued and in-flight messages, wills and retained messages, behind the session and routing seams. */
package io.mqttools.broker.persistence;
