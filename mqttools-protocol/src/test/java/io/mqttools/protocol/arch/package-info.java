/** ArchUnit rules for the protocol module's package dependencies. */
package io.mqttools.protocol.arch;
