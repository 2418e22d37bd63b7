/** End-to-end tests of {@code mqttools monitor}: the real jar in tmux against a real mosquitto. */
package io.mqttools.it.monitor;
