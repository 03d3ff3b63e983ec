# The status page: static files served by nginx; it polls the backends' health endpoints.
FROM nginx:1.27-alpine
COPY docker/frontend/ /usr/share/nginx/html/
