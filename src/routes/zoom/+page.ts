// The Zoom App's home URL: everything happens in the browser (the Zoom Apps SDK and the API).
export const ssr = false;
