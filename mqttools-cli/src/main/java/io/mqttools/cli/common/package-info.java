/** Option mixins and message formatting shared by the client commands (publish, subscribe). */
package io.mqttools.cli.common;
