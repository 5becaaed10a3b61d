"""Documents the app produces from its data (the impact CSV and PDF): pure builders, data in,
text or bytes out, called by the Flask downloads in dashboard/server."""
