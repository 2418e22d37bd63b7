/** The {@code mqttools broker} command: runs the broker in the foreground. */
package io.mqttools.cli.broker;
