"""A paho-mqtt WebSocket client for ConfigFileIT: connects over WebSockets (path /mqtt, subprotocol mqtt),
subscribes to ROOT/# at QoS 1, says READY, publishes SIZE bytes at QoS 1 to ROOT/python and exits 0 once it
has received that message intact and one on ROOT/tcp. Works with paho-mqtt 1.x and 2.x.

usage: paho_ws_client.py HOST PORT VERSION(311|5) ROOT CLIENT_ID SIZE
"""
import hashlib
import sys
import threading

import paho.mqtt.client as mqtt

host, port, version, root, client_id, size = (sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4],
                                              sys.argv[5], int(sys.argv[6]))
protocol = {"5": mqtt.MQTTv5, "311": mqtt.MQTTv311}[version]
big = bytes(97 + (i * 7) % 26 for i in range(size))  # printable, so mosquitto_sub prints it on one line
wanted = {root + "/python", root + "/tcp"}
seen = set()
done = threading.Event()
failure = []


def code(rc):
    return rc.value if hasattr(rc, "value") else int(rc)


def on_connect(client, userdata, flags, rc, properties=None):
    print("CONNACK|%d" % code(rc))
    if code(rc) != 0:
        failure.append("connect refused: %s" % rc)
        done.set()
        return
    client.subscribe(root + "/#", qos=1)


def on_subscribe(client, userdata, mid, granted, properties=None):
    print("SUBACK|%s" % [code(g) for g in granted])
    print("READY")
    client.publish(root + "/python", big, qos=1)


def on_message(client, userdata, message):
    print("RECEIVED|%s|%d|%d|%s" % (message.topic, message.qos, len(message.payload),
                                    hashlib.sha256(message.payload).hexdigest()[:16]))
    if message.topic == root + "/python" and message.payload != big:
        failure.append("own message came back altered")
    seen.add(message.topic)
    if wanted <= seen:
        done.set()


print("SENT|%d|%s" % (len(big), hashlib.sha256(big).hexdigest()[:16]))
if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id=client_id, protocol=protocol,
                         transport="websockets")
else:  # paho-mqtt 1.x
    client = mqtt.Client(client_id=client_id, protocol=protocol, transport="websockets")
client.ws_set_options(path="/mqtt")
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(host, port, keepalive=60)
client.loop_start()
finished = done.wait(30)
client.disconnect()
client.loop_stop()
if failure:
    print("FAILED|" + "; ".join(failure))
    sys.exit(1)
if not finished:
    print("TIMEOUT|seen %s" % sorted(seen))
    sys.exit(2)
print("DONE")
