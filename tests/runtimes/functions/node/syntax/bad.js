exports.handler = async () => {
  return {;
};
