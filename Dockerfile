# Pantau runtime image (used by compose.yaml). One image, three roles:
#   npm run collector | npm run writer | npm run api   (npm start: all in one)
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
EXPOSE 8080 4317 4318 8081
CMD ["npm", "start"]
