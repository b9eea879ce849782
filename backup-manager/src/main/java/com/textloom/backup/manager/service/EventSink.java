package com.textloom.backup.manager.service;

import com.textloom.backup.events.SuiteEvent;

/** Where the manager publishes its events (Kafka in the service). */
public interface EventSink {
    void publish(SuiteEvent event);
}
