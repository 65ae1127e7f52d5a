"""Foundation every layer may use: settings from the environment, UI strings, and the code vocabularies."""
