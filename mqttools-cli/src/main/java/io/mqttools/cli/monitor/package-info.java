/** The {@code monitor} command: a full-screen terminal view of the last message, count and rate per topic. */
package io.mqttools.cli.monitor;
