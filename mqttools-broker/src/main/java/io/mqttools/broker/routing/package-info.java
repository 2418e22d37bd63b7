/** Which sessions a message goes to: the subscription tree, shared subscription groups, retained messages. No Netty. */
package io.mqttools.broker.routing;
