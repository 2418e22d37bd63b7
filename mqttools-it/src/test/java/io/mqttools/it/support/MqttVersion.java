package io.mqttools.it.support;

/** The protocol versions the tests drive, with the names the third-party tools use for them. */
public enum MqttVersion {
    V31("mqttv31", 3, 31),
    V311("mqttv311", 4, 311),
    V5("mqttv5", 5, 5);

    private final String mosquittoName;
    private final int protocolLevel;
    private final int pythonName;

    MqttVersion(String mosquittoName, int protocolLevel, int pythonName) {
        this.mosquittoName = mosquittoName;
        this.protocolLevel = protocolLevel;
        this.pythonName = pythonName;
    }

    /** The value of mosquitto_pub/mosquitto_sub's {@code -V} option. */
    public String mosquittoName() {
        return mosquittoName;
    }

    /** The protocol level byte of CONNECT. */
    public int protocolLevel() {
        return protocolLevel;
    }

    /** The argument our paho-mqtt script takes: 31, 311 or 5. */
    public String pythonName() {
        return Integer.toString(pythonName);
    }
}
