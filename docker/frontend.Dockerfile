# The frontend: the status page (the same file the backends serve at /status). It polls both
# backends' health endpoints and shows only the pages whose service answers.
FROM nginx:1.27-alpine
COPY entrypoints/http/static/status.html /usr/share/nginx/html/index.html
COPY entrypoints/http/static/status.html /usr/share/nginx/html/status/index.html
