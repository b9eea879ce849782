package com.textloom.backup.monitor.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.util.List;

/**
 * Email through quarkus-mailer (BACKUP_SMTP_SERVER, BACKUP_SMTP_PORT, BACKUP_SMTP_USERNAME,
 * BACKUP_SMTP_PASSWORD, STARTTLS per BACKUP_SMTP_STARTTLS) from BACKUP_EMAIL_FROM to every address of
 * BACKUP_EMAIL_TO (comma separated).
 */
public final class EmailChannel implements NotificationChannel {

    private final Mailer mailer;
    private final String from;
    private final List<String> to;

    public EmailChannel(Mailer mailer, String from, List<String> to) {
        this.mailer = mailer;
        this.from = from;
        this.to = List.copyOf(to);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void send(Notification n) {
        Mail mail = new Mail().setFrom(from).setTo(to).setSubject(n.subject()).setText(n.body());
        mailer.send(mail);
    }
}
