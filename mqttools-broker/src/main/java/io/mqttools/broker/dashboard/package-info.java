/** The web dashboard of the HTTP port: its static page, the JSON it reads and the sampling behind the plots. No Netty. */
package io.mqttools.broker.dashboard;
