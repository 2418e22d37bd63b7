package io.mqttools.broker.connection;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;

/**
 * The address of the client at the other end of a connection: the source address of a PROXY protocol
 * header when a load balancer sent one (set once by the transport, before any MQTT byte is read), else
 * the socket's peer address.
 */
public final class ClientAddress {
    /** The client address a PROXY protocol header gave; absent on other connections. */
    public static final AttributeKey<SocketAddress> PROXIED = AttributeKey.valueOf("mqttools.proxiedAddress");

    private ClientAddress() {
    }

    /** The proxied address when there is one, else the channel's remote address (null before connecting). */
    public static SocketAddress of(Channel channel) {
        // hasAttr first: attr() would add an attribute (and the channel's attribute table) to every channel
        SocketAddress proxied = channel.hasAttr(PROXIED) ? channel.attr(PROXIED).get() : null;
        return proxied != null ? proxied : channel.remoteAddress();
    }
}
