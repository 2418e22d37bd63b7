package io.mqttools.broker.transport;

import io.mqttools.broker.dashboard.HttpSite;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/** The pipeline of an HTTP-port connection (metrics, dashboard): HTTP/1.1 codec, small request bodies only, the handler. */
final class HttpSiteInitializer extends ChannelInitializer<Channel> {
    static final String NAME = "httpSiteInitializer";
    /** Requests are bodiless GETs; anything larger is answered 413 by the aggregator. */
    private static final int MAX_REQUEST = 8 * 1024;
    /** Idle keep-alive connections are closed after this long (Prometheus scrapes every 15 s to 1 min). */
    private static final int IDLE_SECONDS = 300;

    private final HttpSite site;

    HttpSiteInitializer(HttpSite site) {
        this.site = site;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("readTimeout", new ReadTimeoutHandler(IDLE_SECONDS))
                .addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST))
                .addLast(HttpSiteHandler.NAME, new HttpSiteHandler(site));
    }
}
