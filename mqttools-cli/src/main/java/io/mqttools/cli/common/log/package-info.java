/**
 * The CLI's SLF4J 2 provider: slf4j-simple's settings, output format and levels, with a timestamp
 * formatted once a second and lines written by a background thread (warnings and errors at once), so
 * that the event loops logging each connect neither format dates under a lock nor wait for a flush.
 */
package io.mqttools.cli.common.log;
