// Cron schedules: parsing (croner, UTC, crontab day-of-week numbering) and persistent scheduled tasks.
export * from './cron';
export * from './schedules';
