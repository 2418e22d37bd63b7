/** What counting costs on the delivery path: the byte counter handler and the per-connection tally. */
package io.mqttools.bench.metrics;
