"""The app's frame: sign-in, navigation, language, filters, the edition picker and the run context."""
