console.log('switchyard cli');
