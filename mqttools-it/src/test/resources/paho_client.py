"""A paho-mqtt client for PahoPythonIT: subscribes to ROOT/#, says READY, publishes to ROOT/python and exits 0
once it has received both its own message and one on ROOT/java. Works with paho-mqtt 1.x and 2.x.

usage: paho_client.py HOST PORT VERSION(31|311|5) ROOT CLIENT_ID
"""
import sys
import threading

import paho.mqtt.client as mqtt

host, port, version, root, client_id = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
protocol = {"5": mqtt.MQTTv5, "311": mqtt.MQTTv311, "31": mqtt.MQTTv31}[version]
wanted = {root + "/python", root + "/java"}
seen = set()
done = threading.Event()
failure = []


def code(rc):
    # 1.x passes ints for 3.1.1 and ReasonCodes for 5.0; 2.x (callback API 1) the same.
    return rc.value if hasattr(rc, "value") else int(rc)


def on_connect(client, userdata, flags, rc, properties=None):
    print("CONNACK|%d" % code(rc))
    if code(rc) != 0:
        failure.append("connect refused: %s" % rc)
        done.set()
        return
    client.subscribe(root + "/#", qos=1)


def on_subscribe(client, userdata, mid, granted, properties=None):
    granted_codes = [code(g) for g in granted]
    print("SUBACK|%s" % granted_codes)
    if granted_codes != [1]:
        failure.append("subscription not granted at QoS 1: %s" % granted_codes)
        done.set()
        return
    print("READY")
    client.publish(root + "/python", b"hello from python", qos=1)


def on_message(client, userdata, message):
    print("RECEIVED|%s|%d|%d|%s" % (message.topic, message.qos, int(message.retain),
                                    message.payload.decode("utf-8")))
    seen.add(message.topic)
    if wanted <= seen:
        done.set()


if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id=client_id, protocol=protocol)
else:  # paho-mqtt 1.x
    client = mqtt.Client(client_id=client_id, protocol=protocol)
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(host, port, keepalive=60)
client.loop_start()
finished = done.wait(20)
client.disconnect()
client.loop_stop()
if failure:
    print("FAILED|" + "; ".join(failure))
    sys.exit(1)
if not finished:
    print("TIMEOUT|seen %s" % sorted(seen))
    sys.exit(2)
print("DONE")
