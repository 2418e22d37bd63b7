/** The {@code mqttools subscribe} command. */
package io.mqttools.cli.subscribe;
