"""i18n resources."""
