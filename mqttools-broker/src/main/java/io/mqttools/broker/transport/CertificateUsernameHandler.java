package io.mqttools.broker.transport;

import io.mqttools.protocol.packet.Connect;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * mosquitto's {@code use_identity_as_username}: the CONNECT's user name becomes the Common Name of the
 * client's certificate, so that authentication and ACLs see the certificate's identity, whatever the
 * client sent. The listener requires certificates (checked with the configuration), so every client
 * here has one the CA signed. Sits between the MQTT decoder and the connection handler and leaves the
 * pipeline after the first packet.
 */
final class CertificateUsernameHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "certificateUsername";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        if (msg instanceof Connect c) {
            String cn = commonName(ctx.pipeline().get(SslHandler.class));
            // without a CN the user name is dropped: the client cannot choose its own
            ctx.fireChannelRead(new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAlive(), cn,
                    c.password(), c.will(), c.properties()));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The CN of the peer's certificate, or null when there is none. */
    static String commonName(SslHandler tls) {
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
                return null;
            }
            for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return null;
        }
    }
}
