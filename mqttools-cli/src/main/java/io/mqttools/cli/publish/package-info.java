/** The {@code mqttools publish} command. */
package io.mqttools.cli.publish;
