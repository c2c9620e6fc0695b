// The "app" under test: sends a welcome mail over SMTP submission with nodemailer.
import nodemailer from 'nodemailer';

/** Sends the welcome mail to `to` through the SMTP server described by `smtp`. */
export async function sendWelcome(smtp, to) {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    auth: { user: smtp.user, pass: smtp.pass },
    tls: { rejectUnauthorized: false }, // localserve's certificate is self-signed
  });
  await transport.sendMail({
    from: 'Shop <shop@example.org>',
    to,
    subject: 'Welcome!',
    text: 'Thanks for signing up.',
    html: '<p>Thanks for signing up.</p>',
    attachments: [{ filename: 'terms.txt', content: 'Be nice.' }],
  });
}
