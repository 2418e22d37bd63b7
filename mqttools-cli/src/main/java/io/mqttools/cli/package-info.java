/** The {@code mqttools} command line: the picocli root command; each subcommand in its own subpackage. */
package io.mqttools.cli;
