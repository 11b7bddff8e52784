# The browser the web tests drive (Playwright with executable_path=/usr/bin/chromium;
# Playwright's own browser download does not work here).
need chromium /usr/bin/chromium
