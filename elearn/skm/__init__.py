"""Citizens' satisfaction survey (SKM): results, import, the public questionnaire, and
what training they call for (issue 18)."""
