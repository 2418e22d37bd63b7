"""Request/response and CONNACK properties through the broker with paho-mqtt (Python) over MQTT 5.

Usage: paho_v5_request_response.py PORT. Prints key=value lines for the Java test to check; exits 1
(with a line on stderr) when something does not arrive in time.
"""
import sys
import threading

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

PORT = int(sys.argv[1])
TIMEOUT = 10
events = {name: threading.Event() for name in ("sub", "pub", "subscribed", "message")}
results = {}


def on_connect(client, userdata, flags, reason_code, properties=None):
    if userdata == "sub":
        results["responseInformation"] = getattr(properties, "ResponseInformation", None)
    events[userdata].set()


def on_subscribe(client, userdata, mid, reason_codes, properties=None):
    events["subscribed"].set()


def on_message(client, userdata, msg):
    p = msg.properties
    results["topic"] = msg.topic
    results["payload"] = msg.payload.decode("utf-8")
    results["responseTopic"] = getattr(p, "ResponseTopic", None)
    results["correlationData"] = getattr(p, "CorrelationData", b"").hex()
    results["payloadFormatIndicator"] = getattr(p, "PayloadFormatIndicator", None)
    results["contentType"] = getattr(p, "ContentType", None)
    results["userProperties"] = ",".join(k + ":" + v for k, v in getattr(p, "UserProperty", []))
    results["messageExpiryInterval"] = getattr(p, "MessageExpiryInterval", None)
    results["subscriptionIdentifiers"] = getattr(p, "SubscriptionIdentifier", None)
    events["message"].set()


def wait(name):
    if not events[name].wait(TIMEOUT):
        print("timed out waiting for " + name, file=sys.stderr)
        sys.exit(1)


def client(name, connect_properties):
    c = mqtt.Client(client_id="py-" + name, protocol=mqtt.MQTTv5, userdata=name)
    c.on_connect = on_connect
    c.on_subscribe = on_subscribe
    c.on_message = on_message
    c.connect("127.0.0.1", PORT, clean_start=True, properties=connect_properties)
    c.loop_start()
    wait(name)
    return c


ask = Properties(PacketTypes.CONNECT)
ask.RequestResponseInformation = 1
sub = client("sub", ask)
ids = Properties(PacketTypes.SUBSCRIBE)
ids.SubscriptionIdentifier = 3
sub.subscribe("req/#", qos=1, properties=ids)
wait("subscribed")

pub = client("pub", None)
props = Properties(PacketTypes.PUBLISH)
props.ResponseTopic = "resp/py"
props.CorrelationData = b"\x01\x02\xff"
props.PayloadFormatIndicator = 1
props.ContentType = "text/plain"
props.UserProperty = ("b", "2")
props.UserProperty = ("a", "1")
props.UserProperty = ("b", "3")
props.MessageExpiryInterval = 100
pub.publish("req/1", "héllo".encode("utf-8"), qos=1, properties=props).wait_for_publish(TIMEOUT)
wait("message")

for key in sorted(results):
    print(key + "=" + str(results[key]))
pub.loop_stop()
sub.loop_stop()
pub.disconnect()
sub.disconnect()
